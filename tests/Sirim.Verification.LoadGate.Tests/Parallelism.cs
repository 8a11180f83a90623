// The fixtures against the reference target marked [Parallelizable] each have a deployment of their own (cluster and
// target) and mostly wait (stages of a plan, pool timeouts, stalls): four run at once on two cores. The clean suite run,
// whose budgets depend on the machine's speed, is [NonParallelizable] and runs alone.
[assembly: LevelOfParallelism(4)]
