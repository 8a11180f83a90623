// The fixtures against the reference target each start their own deployment (cluster, target, free ports) and browser:
// two run at once.
[assembly: LevelOfParallelism(2)]
