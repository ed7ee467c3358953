/**
 * The memory settings `pnpm mock:stateful` runs with, imported before anything else: where
 * they are missing, the process re-executes itself with them (`process.execve`: the same PID,
 * arguments and environment, so whoever started it still holds it; an IPC channel does not
 * survive it, and the script is started without one).
 *
 * Under a minute of hostile traffic (`pnpm soak:mock`) the mock retains at most a few tens of
 * MB, yet with Node's defaults its resident set reached 350 to 390 MB: V8 let the young
 * generation grow to 134 MB, and glibc's malloc kept freed 64 KiB request and answer buffers in
 * fragmented arenas. A 16 MB semi-space, two arenas, and buffers of 32 KiB or more mapped on
 * their own (unmapped when freed) keep it near 200 MB. The smaller young generation costs
 * more frequent scavenges: about 8 % more CPU a request at full load (`pnpm bench:mock`
 * measures `startBillingMock` in a process with Node's defaults). Where execve does not exist
 * (Windows), the mock runs with Node's defaults.
 */
const SETTINGS: Record<string, string> = { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "32768" };
const FLAGS = ["--max-semi-space-size=16"];

const missing =
  FLAGS.some((flag) => !process.execArgv.includes(flag)) || Object.entries(SETTINGS).some(([name, value]) => process.env[name] !== value);
if (typeof process.execve === "function" && missing) {
  const flags = FLAGS.filter((flag) => !process.execArgv.includes(flag));
  process.execve(process.execPath, [process.execPath, ...flags, ...process.execArgv, ...process.argv.slice(1)], {
    ...process.env,
    ...SETTINGS,
  });
}
