import os from 'node:os';

/** The machine a report was made on: nothing that names the machine or its user. */
export type Machine = {
	readonly cores: number;
	readonly cpu: string;
	/** Its memory in bytes: the page says it in decimal GB, as every size it shows. */
	readonly memoryBytes: number;
	readonly node: string;
	readonly os: string;
	readonly loadAverage: number;
};

export function thisMachine(): Machine {
	return {
		cores: os.availableParallelism(),
		cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
		memoryBytes: os.totalmem(),
		node: process.version,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
	};
}
