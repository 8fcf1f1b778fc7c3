import {PassThrough, Writable} from 'node:stream';

/**
 * Control sequences Ink writes on their own around frames (synchronized-output begin/end, cursor
 * show/hide): counted as writes, not as frames.
 */
const controlOnly = new RegExp(`^(?:${String.fromCodePoint(0x1B)}\\[\\?\\d+[hl])+$`);

/**
 * An in-memory 80×24 terminal for the Ink app: claims to be a TTY, counts what is written to it and
 * throws it away.
 */
export class FakeTerminalOutput extends Writable {
	readonly isTTY = true;
	readonly columns: number;
	readonly rows: number;
	frames = 0;
	writes = 0;
	bytes = 0;
	firstFrameAt: number | undefined;
	lastFrameAt: number | undefined;

	constructor(columns = 80, rows = 24) {
		super({decodeStrings: false});
		this.columns = columns;
		this.rows = rows;
	}

	getColorDepth(): number {
		return 8;
	}

	hasColors(): boolean {
		return true;
	}

	override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		this.writes++;
		this.bytes += chunk.length;
		const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
		if (!controlOnly.test(text)) {
			this.frames++;
			const now = performance.now();
			this.firstFrameAt ??= now;
			this.lastFrameAt = now;
		}

		callback();
	}
}

/** A keyboard that supports raw mode; `press` types keys into it. */
export class FakeTerminalInput extends PassThrough {
	readonly isTTY = true;
	isRaw = false;

	setRawMode(mode: boolean): this {
		this.isRaw = mode;
		return this;
	}

	ref(): this {
		return this;
	}

	unref(): this {
		return this;
	}

	press(keys: string): void {
		this.write(keys);
	}
}
