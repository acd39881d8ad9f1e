// @xetcache/sync-daemon: the per-user background agent that pushes and pulls cache projects.

// The daemon itself (`xetcache daemon run` runs it in the foreground)
export { startDaemon, listProjects, syncIntervalSeconds, type Daemon, type DaemonOptions } from './daemon.js';
// Driving it from the CLI: status, start detached, stop, sync now
export { daemonStatus, daemonSyncNow, startDetached, stopDaemon, type Launcher, type StartResult } from './client.js';
export { notRunning, type DaemonStatus, type ProjectStatus } from './status.js';
// Parts, exported for tests and for embedding
export { createProjectSync, type ProjectSync, type ProjectSyncDeps, type ProjectSyncState } from './project-sync.js';
export { acquireInstanceLock, DaemonRunningError, type InstanceLock } from './instance-lock.js';
export { createLogger, createRedactor, type Logger } from './log.js';
export { hasLocalWork, pendingWork, type PendingWork } from './pending.js';
export { daemonPaths, type DaemonPaths } from './paths.js';
export { readControl, type ControlInfo } from './control-file.js';
