// The alt-profile clean run and its defect runs are two fixtures, each with its own deployment (cluster, target, free
// ports), mostly waiting on child suite runs: both run at once. The other fixtures run one after the other.
[assembly: LevelOfParallelism(2)]
