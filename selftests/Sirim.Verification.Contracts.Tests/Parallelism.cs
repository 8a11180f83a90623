// The fixtures against the reference target each start their own deployment (cluster, target, free ports) and
// mostly wait on HTTP and child test runs: they run at the same time. The fixtures whose assertions depend on a client
// timeout (the Prism sample) stay [NonParallelizable] and run alone.
[assembly: LevelOfParallelism(3)]
