// Fixtures run in parallel with each other (each has its own server or none; nothing is shared between them), and the
// engine's tests, which mostly wait on their own fake steps and timers, run in parallel with each other as well
// (EngineTests). Their assertions are on counts and on lower bounds the scenario guarantees, never on speed.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(6)]
