import {raceDefaults} from '../defaults.js';
import {readMachine, type Machine} from '../engine/machine.js';
import type {SlotRoom} from '../engine/run-spec.js';
import {formatBytes} from '../format/format.js';
import {plural} from '../format/plural.js';
import {limitReached} from './child-stderr.js';
import type {ExecutorKind} from './worker-handle.js';

/*
 * How many workers this machine has room for, as the open-file budget (engine/fd-budget.ts) is for
 * sockets: past it a pool does not go slower, it fails (out of memory, a fatal V8 error that kills the
 * whole process, a child that hangs at start). Measured here (Node 26, 2 cores, 25 GB, the worker bundle
 * loaded), the figures below.
 */

/** Megabytes as prettyBytes writes them (10^6 bytes), so a reason quotes the figures below as they stand. */
const mb = 1_000_000;

/**
 * Resident memory of one idle worker: a thread is an isolate in this process (64 threads peaked at
 * 770 MB, 200 at 1.8 GB), a child process a whole Node (66 MB each).
 */
export const workerMemory: Readonly<Record<ExecutorKind, number>> = {threads: 12 * mb, processes: 66 * mb};

/** Workers take at most this share of the memory at hand: the race, its server and the system need the rest. */
export const memoryShare = 0.5;

/**
 * Workers per core, never fewer than the default width (raceDefaults.maxDefaultSlots), so that with no -c
 * every strategy runs as wide as the others. Each is one download at a time, mostly waiting, but each
 * costs its start-up (about 0.1 CPU-s a thread: 64 took 6.2 s on 2 loaded cores, 200 took 18.5 s).
 */
export const workersPerCore = 8;

/**
 * Address space a worker thread reserves while it starts: VmSize grew 770-906 MB with each worker starting,
 * and six started at once took this process from 1.4 GB to a 6.6 GB peak (V8's code range and heap
 * reservations, most given back once it runs). Past the soft limit (ulimit -v) V8 cannot reserve them,
 * and that is fatal to the whole process (exit 133): it cannot be caught, only avoided.
 */
export const threadAddressSpace = 900 * mb;

/** Address space kept for this process's own growth (heap, allocator arenas) while its workers run. */
export const addressSpaceReserve = 256 * mb;

/**
 * Tasks (ulimit -u counts threads) a child process starts with: its main thread, V8's four platform
 * workers and delayed-task scheduler, the inspector's signal thread, libuv's four pool threads, and one
 * spare. A child that cannot start one of its platform threads hangs at start (Node waits for them
 * forever), so a child is started only where all of them fit.
 */
export const childTasks = 12;

/** Tasks this process keeps for itself (its own libuv pool and timers may still start threads). */
const ownTasks = 4;

/** Worker threads that can start at once here, by the address space left under ulimit -v and the tasks left under ulimit -u. */
export function threadsThatFit(machine: Machine): number {
	return Math.min(threadsByAddressSpace(machine), threadsByTasks(machine));
}

/** Child processes that can start here, by the tasks left under ulimit -u or the container's pids limit. */
export function childrenThatFit(machine: Machine): number {
	const left = machine.tasksLeft;
	return left === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor((left - ownTasks) / childTasks));
}

function threadsByTasks(machine: Machine): number {
	return Math.max(0, (machine.tasksLeft ?? Number.POSITIVE_INFINITY) - ownTasks);
}

function threadsByAddressSpace(machine: Machine): number {
	if (machine.addressSpaceBytes === undefined) {
		return Number.POSITIVE_INFINITY;
	}

	return Math.max(0, Math.floor((machine.addressSpaceBytes - machine.mappedBytes - addressSpaceReserve) / threadAddressSpace));
}

/**
 * The most workers of `kind` this machine has room for, and the limit that says so. Threads with no
 * room at all: 0, the run cannot start. Children: at least 1, since a child that cannot start fails its
 * images with the reason (pool.ts), as it would if the limit were reached in between.
 */
export function workerRoom(kind: ExecutorKind, machine: Machine): SlotRoom {
	const noun = kind === 'threads' ? 'a worker thread' : 'a child process';
	const rooms: SlotRoom[] = [
		{slots: Math.max(raceDefaults.maxDefaultSlots, workersPerCore * machine.cores), cap: {limit: 'cores', reason: `the core count (${machine.cores}; ${workersPerCore} workers a core, ${raceDefaults.maxDefaultSlots} at least)`}},
		{slots: Math.max(1, Math.floor(machine.memoryBytes * memoryShare / workerMemory[kind])), cap: {limit: 'memory', reason: `the memory (half of ${formatBytes(machine.memoryBytes)}, about ${formatBytes(workerMemory[kind])} ${noun})`}},
	];
	if (kind === 'threads') {
		const left = machine.addressSpaceBytes === undefined ? 0 : machine.addressSpaceBytes - machine.mappedBytes;
		rooms.push({slots: threadsByAddressSpace(machine), cap: {limit: 'address space', reason: `the address space left under ulimit -v (${formatBytes(Math.max(0, left))}; about ${formatBytes(threadAddressSpace)} a starting thread)`}});
	}

	const tasks = kind === 'threads' ? threadsByTasks(machine) : Math.max(1, childrenThatFit(machine));
	rooms.push({slots: tasks, cap: {limit: 'processes', reason: `the process limit (ulimit -u or the container's pids: ${plural(machine.tasksLeft ?? 0, 'task')} left, ${kind === 'threads' ? 1 : childTasks} ${noun})`}});
	return rooms.reduce((tightest, next) => next.slots < tightest.slots ? next : tightest);
}

/**
 * Workers of `kind` that can start here now, what one is called, and why none can when none can: a pool
 * starts no more (a thread past the address space kills the whole process; a child short of tasks hangs).
 */
export function startRoom(kind: ExecutorKind, machine: Machine = readMachine()): {readonly count: number; readonly worker: string; readonly reason: string} {
	if (kind === 'processes') {
		return {count: childrenThatFit(machine), worker: 'a child process', reason: limitReached};
	}

	const byTasks = threadsByTasks(machine);
	return {count: threadsThatFit(machine), worker: 'a worker thread', reason: byTasks < 1 ? limitReached : 'no address space is left under ulimit -v'};
}
