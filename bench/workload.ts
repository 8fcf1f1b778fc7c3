import {statfsSync} from 'node:fs';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {imageUrl} from '../source/server/image-server.js';

/** The image URLs of `count` images on a server. */
export function imageUrls(serverUrl: string, count: number): string[] {
	return Array.from({length: count}, (_, index) => imageUrl(serverUrl, index));
}

/** A scratch folder (under the OS temp dir unless told) for one scenario; `dispose` removes it and everything in it. */
export type Scratch = {
	readonly root: string;
	/** A fresh, empty folder for one run's output. */
	outDir(label: string): Promise<string>;
	/** Path of a file in the scratch folder. */
	file(name: string): string;
	/** Removes a run's output between runs so the file system starts each run alike. */
	clear(directory: string): Promise<void>;
	dispose(): Promise<void>;
};

export async function createScratch(prefix: string, base = os.tmpdir()): Promise<Scratch> {
	const root = await mkdtemp(path.join(base, `imgrace-bench-${prefix}-`));
	let runs = 0;
	return {
		root,
		async outDir(label) {
			const directory = path.join(root, `${label}-${++runs}`);
			await mkdir(directory, {recursive: true});
			return directory;
		},
		file: name => path.join(root, name),
		async clear(directory) {
			await rm(directory, {recursive: true, force: true});
		},
		async dispose() {
			await rm(root, {recursive: true, force: true});
		},
	};
}

export async function withScratch<T>(prefix: string, body: (scratch: Scratch) => Promise<T>, base?: string): Promise<T> {
	const scratch = await createScratch(prefix, base);
	try {
		return await body(scratch);
	} finally {
		await scratch.dispose();
	}
}

/** statfs(2)'s f_type of a tmpfs. */
const tmpfsMagic = 0x01_02_19_94;

/**
 * A folder in memory (Linux's /dev/shm, a tmpfs) with at least `bytes` free, or undefined where there is
 * none: where files cost the kernel no disk, so two clients' CPU figures are their own (issue 19 measured
 * them so). A container's /dev/shm may be a few MB: too small is as good as none.
 */
export function tmpfsFolder(bytes: number, folder = '/dev/shm'): string | undefined {
	try {
		const stats = statfsSync(folder);
		return stats.type === tmpfsMagic && stats.bavail * stats.bsize >= bytes ? folder : undefined;
	} catch {
		return undefined;
	}
}

/** The --urls file imgrace reads: one URL a line. */
export async function writeUrlList(file: string, urls: readonly string[]): Promise<void> {
	await writeFile(file, `${urls.join('\n')}\n`);
}

/**
 * A curl config (`-K`) with one `url =` / `output =` pair per image, named like imgrace names its
 * files, into `outDir`.
 */
export async function writeCurlConfig(file: string, urls: readonly string[], outDir: string): Promise<void> {
	const width = Math.max(3, String(urls.length).length);
	const lines: string[] = [];
	for (const [index, url] of urls.entries()) {
		lines.push(`url = "${url}"`, `output = "${path.join(outDir, `${String(index + 1).padStart(width, '0')}.jpg`)}"`);
	}

	await writeFile(file, `${lines.join('\n')}\n`);
}
