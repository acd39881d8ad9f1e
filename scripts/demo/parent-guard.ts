// Loaded first (`--import`) in the demo's hub process: the demo holds a pipe on the hub's stdin,
// so when the demo goes away for any reason, even SIGKILL, the pipe closes and the hub stops as
// on Ctrl-C instead of running on with nobody to stop it.

process.stdin.once('end', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.resume();
