import {readFileSync} from 'node:fs';

/**
 * A soft limit of this process, by its name in /proc/self/limits ("Max open files"): Infinity when
 * unlimited, undefined where /proc is missing (macOS, Windows) or the name unknown.
 */
export function softLimit(name: string): number | undefined {
	try {
		const line = new RegExp(`^${name}\\s+(\\S+)`, 'm').exec(readFileSync('/proc/self/limits', 'latin1'));
		if (!line) {
			return undefined;
		}

		return line[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number.parseInt(line[1]!, 10) || undefined;
	} catch {
		return undefined;
	}
}

/** A number of /proc/<pid>/status, in its own unit ("VmSize: 1234 kB" gives 1234); undefined where there is none. */
export function statusField(name: string, pid = 'self'): number | undefined {
	try {
		const line = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
		return line ? Number(line[1]) : undefined;
	} catch {
		return undefined;
	}
}
