// The fixtures against the reference target marked [Parallelizable] each have a deployment of their own (cluster and
// target; the tests of a fixture share it, one at a time) and mostly wait (stages of a plan, pool timeouts, stalls):
// they run at once on two cores, the longest first (their [Order]: the pool gate, then the latency defects, …). The
// clean suite run, whose budgets depend on the machine's speed, is [NonParallelizable] and runs alone.
[assembly: LevelOfParallelism(4)]
