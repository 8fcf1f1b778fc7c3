import {readdir, readlink} from 'node:fs/promises';
import {setTimeout as delay} from 'node:timers/promises';

/** Polls `ready` (up to 10 s): a signal sent before imgrace took signals over would test nothing. */
export async function until(what: string, ready: () => Promise<boolean>): Promise<void> {
	for (let tries = 0; tries < 400; tries++) {
		if (await ready().catch(() => false)) {
			return;
		}

		await delay(25);
	}

	throw new Error(`not ${what} after 10 s`);
}

/**
 * Linux: the process holds `file` open. Imgrace opens the files the command line names only after its
 * signal handlers are in place (Node's own SIGINT handler makes /proc's SigCgt useless as a sign).
 */
export async function holdsOpen(pid: number, file: string): Promise<boolean> {
	const fds = await readdir(`/proc/${pid}/fd`);
	const targets = await Promise.all(fds.map(async fd => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
	return targets.includes(file);
}
