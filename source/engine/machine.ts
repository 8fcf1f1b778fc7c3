import {readdirSync, readFileSync} from 'node:fs';
import os from 'node:os';
import {openFileLimit} from './fd-budget.js';
import {softLimit, statusField} from './proc-limits.js';

/**
 * What this machine and this process allow, as a run's width is planned against it: read from the
 * kernel (/proc on Linux) when a run starts; tests hand the controller a made-up one.
 */
export type Machine = {
	readonly cores: number;
	/** Memory the process may use: its cgroup's limit where one is set, else the machine's. */
	readonly memoryBytes: number;
	/** The soft limit on open files ("Max open files"). */
	readonly openFiles: number;
	/** The soft limit on address space (ulimit -v), bytes; undefined when there is none. */
	readonly addressSpaceBytes: number | undefined;
	/** The address space this process has mapped now (VmSize), bytes. */
	readonly mappedBytes: number;
	/**
	 * Tasks (processes and threads) that may still be started before the process limit (ulimit -u,
	 * counted per user) or the cgroup's pids limit is reached; undefined when neither limits this process.
	 */
	readonly tasksLeft: number | undefined;
};

/** This process and machine now. Reading what a strategy may not ask for costs nothing: the slow parts are read on first use. */
export function readMachine(): Machine {
	let tasksLeft: {value: number | undefined} | undefined;
	return {
		cores: os.availableParallelism(),
		memoryBytes: memoryBytes(),
		openFiles: openFileLimit(),
		addressSpaceBytes: finite(softLimit('Max address space')),
		mappedBytes: (statusField('VmSize') ?? 0) * 1024,
		get tasksLeft() {
			tasksLeft ??= {value: readTasksLeft()};
			return tasksLeft.value;
		},
	};
}

function finite(limit: number | undefined): number | undefined {
	return limit === undefined || limit === Number.POSITIVE_INFINITY ? undefined : limit;
}

function memoryBytes(): number {
	const total = os.totalmem();
	// 0 (or 2^64 on some Node versions) when no cgroup limits it.
	const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0;
	return constrained > 0 && constrained < total ? constrained : total;
}

/** More tasks left than any pool here would start (2,000 children at 12 tasks each would not fit in memory anyway). */
const plentyOfTasks = 4096;

function readTasksLeft(): number | undefined {
	const left = [userTasksLeft(), cgroupTasksLeft()].filter((value): value is number => value !== undefined);
	return left.length > 0 ? Math.max(0, Math.min(...left)) : undefined;
}

/**
 * ulimit -u counts every task of the user (its real uid), in every process: the limit less the user's
 * threads now. Root is not held to it.
 */
function userTasksLeft(): number | undefined {
	const limit = finite(softLimit('Max processes'));
	const uid = process.getuid?.();
	if (limit === undefined || uid === undefined || uid === 0) {
		return undefined;
	}

	// Every task of the system (/proc/loadavg's "running/total") bounds the user's own: when the limit is far
	// above even that, the user's tasks need not be counted one process at a time.
	const all = Number(/\/(\d+)/.exec(readOptional('/proc/loadavg') ?? '')?.[1] ?? Number.NaN);
	if (limit - all >= plentyOfTasks) {
		return limit - all;
	}

	let used = 0;
	for (const pid of readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
		try {
			const status = readFileSync(`/proc/${pid}/status`, 'latin1');
			if (/^Uid:\s+(\d+)/m.exec(status)?.[1] === String(uid)) {
				used += Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 1);
			}
		} catch {
			// Gone since the listing: not counted.
		}
	}

	return limit - used;
}

/** A container's pids limit (cgroup v2, or v1's pids controller): its maximum less its tasks now. */
function cgroupTasksLeft(): number | undefined {
	try {
		const lines = readFileSync('/proc/self/cgroup', 'latin1').split('\n');
		const v2 = lines.find(line => line.startsWith('0::'))?.slice(3);
		const v1 = lines.map(line => line.split(':')).find(parts => parts[1]?.split(',').includes('pids'))?.[2];
		for (const folder of [v1 === undefined ? undefined : `/sys/fs/cgroup/pids${v1}`, v2 === undefined ? undefined : `/sys/fs/cgroup${v2}`]) {
			const max = folder === undefined ? undefined : readOptional(`${folder}/pids.max`);
			if (max !== undefined && max !== 'max') {
				return Number(max) - Number(readOptional(`${folder}/pids.current`) ?? 0);
			}
		}
	} catch {
		// No cgroups here (not Linux): no such limit.
	}

	return undefined;
}

function readOptional(file: string): string | undefined {
	try {
		return readFileSync(file, 'latin1').trim();
	} catch {
		return undefined;
	}
}
