import os from 'node:os';
import {curlVersion} from './measure.js';
import type {Machine} from './results.js';

/** What the figures were measured on. */
export function describeMachine(): Machine {
	const cpus = os.cpus();
	return {
		cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
		cpuModel: cpus[0]?.model.trim() ?? 'unknown',
		memoryGb: Math.round(os.totalmem() / 1e8) / 10,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		node: process.version,
		curl: curlVersion(),
	};
}
