import ArgumentParser
import Bloch
import Cluster
import Encoding
import FileFormats
import Pipeline
import Sequences

// The enumerations the command line takes as option values. Parsed by their raw values, listed in
// every command's --help, and a wrong value is refused at parse time with the allowed list.
extension BasisFormat: ExpressibleByArgument {}
extension ClusterPlan.Job: ExpressibleByArgument {}
extension ExternalFitter: ExpressibleByArgument {}
extension FileReconstruction.Split: ExpressibleByArgument {}
extension KSpaceTrajectory.Kind: ExpressibleByArgument {}
extension MainJob.Stage: ExpressibleByArgument {}
extension MRSISequence.Profiles: ExpressibleByArgument {}
extension PulseMode: ExpressibleByArgument {}
