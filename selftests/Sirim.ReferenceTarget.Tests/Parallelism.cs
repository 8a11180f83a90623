// The alt-profile deployment fixture waits on its target and cluster while the /metrics race test keeps the CPU busy:
// two classes at once.
[assembly: LevelOfParallelism(2)]
