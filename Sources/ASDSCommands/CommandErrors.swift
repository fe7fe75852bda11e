import ArgumentParser
import ASDSCore
import Foundation

/// Turns ASDS errors into the command line's contract: one line on stderr that names the file
/// (or option) and the field, and a non-zero exit status.
enum CommandErrors {
    static func report(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ASDSError {
            FileHandle.standardError.write(Data("asds: error: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }
}
