import ASDSCore

/// Runs per-spectrum work over `ComputeSettings.threads` threads, each with its own workspace.
///
/// Worker `w` handles spectra `w, w + workers, w + 2 * workers, ...`. Each spectrum's result
/// depends only on its inputs (never on the worker or workspace), and callers write results to
/// per-spectrum slots, so outputs are bit-identical for any thread count.
enum SampleParallel {
    static func run<W>(count: Int, workspaces: [W], _ body: (_ index: Int, _ workspace: W) -> Void) {
        let workers = min(workspaces.count, count)
        guard workers > 0 else { return }
        // Reading the setting once pins OpenBLAS to one thread inside these loops.
        _ = ComputeSettings.threads
        Parallel.forEach(workers, threads: workers) { w in
            var i = w
            while i < count {
                body(i, workspaces[w])
                i += workers
            }
        }
    }

    /// Number of workers (and workspaces) to use for `count` spectra on `threads` threads.
    static func workerCount(for count: Int, threads: Int = ComputeSettings.threads) -> Int {
        max(1, min(threads, count))
    }
}
