import {createHash} from 'node:crypto';
import {unlink, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Which of imgrace's temp files in a folder belong to a run that is over. A run holds an empty lock file,
 * `.imgrace-<runId>.<pid>.<host>.run`, in each folder it writes, from its start until its manifest is
 * saved; the sweep at another run's start removes only the temp files of runs whose lock is gone or
 * whose process is dead, never those of a run still writing (two runs on one folder).
 */

let host: string | undefined;

/**
 * This machine, as 8 hex digits: on a folder shared over the network, another machine's pids mean nothing
 * here. Made on first use: node:crypto costs a pool worker, which never takes a lock, ~6 ms to load.
 */
function thisHost(): string {
	host ??= createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);
	return host;
}

const lockPattern = /^\.imgrace-([\da-f]{8})\.(\d+)\.([\da-f]{8})\.run$/;
/** A download's or thumbnail's temp file, a manifest's: each names its run. */
const tempPattern = /^\.imgrace-(?:([\da-f]{8})-\d+-\d+\.part|manifest-([\da-f]{8})\.tmp)$/;

export function lockName(runId: string): string {
	return `.imgrace-${runId}.${process.pid}.${thisHost()}.run`;
}

/** Whether a process with this id exists (EPERM: it does, it is someone else's). */
export function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * The names in a folder listing that may be removed: temp files of runs that hold no live lock, and the
 * locks of dead runs. A lock from another machine is taken as live: that machine sweeps its own.
 */
export function sweepable(names: readonly string[], alive: (pid: number) => boolean = processAlive): string[] {
	const live = new Set<string>();
	const deadLocks: string[] = [];
	for (const name of names) {
		const lock = lockPattern.exec(name);
		if (lock) {
			if (lock[3] !== thisHost() || alive(Number(lock[2]))) {
				live.add(lock[1]!);
			} else {
				deadLocks.push(name);
			}
		}
	}

	return [...deadLocks, ...names.filter(name => {
		const temp = tempPattern.exec(name);
		return temp !== null && !live.has(temp[1] ?? temp[2]!);
	})];
}

/** Best effort: without the lock this run's temp files are only as safe as they were before locks. */
export async function takeLock(dir: string, runId: string): Promise<void> {
	await writeFile(path.join(dir, lockName(runId)), '', {flag: 'wx'}).catch(() => undefined);
}

export async function releaseLock(dir: string, runId: string): Promise<void> {
	await unlink(path.join(dir, lockName(runId))).catch(() => undefined);
}
