// The fixtures against the reference target each start their own deployment (cluster, target, free ports) and mostly
// wait on HTTP and child test runs: up to four run at once.
[assembly: LevelOfParallelism(4)]
