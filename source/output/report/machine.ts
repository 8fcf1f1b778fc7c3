import os from 'node:os';

/** The machine a report was made on: nothing that names the machine or its user. */
export type Machine = {
	readonly cores: number;
	readonly cpu: string;
	readonly memoryGb: number;
	readonly node: string;
	readonly os: string;
	readonly loadAverage: number;
};

export function thisMachine(): Machine {
	return {
		cores: os.availableParallelism(),
		cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
		memoryGb: Math.round(os.totalmem() / (1024 ** 3) * 10) / 10,
		node: process.version,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
	};
}
