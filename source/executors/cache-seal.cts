/**
 * The frame of a saved code cache (code-cache.cts): a magic, the data's length and a checksum before
 * the data. V8 checks a code cache's version, flags and source length, but in a release build not its
 * contents: a cache file damaged on disk (a block zeroed, bytes flipped) passed its checks and crashed
 * every worker that loaded it (V8's "unreachable code", SIGSEGV), race after race. Node seals its own
 * compile cache the same way. The checksum is FNV-1a over 32-bit words, in JavaScript: node:zlib's
 * crc32 would cost a worker 3-6 ms to load, this ~0.5 ms for a 480 KB cache.
 */
const magic = Buffer.from('imgrace-v8-cache');
const headerBytes = magic.length + 8;

function checksum(data: Uint8Array): number {
	// Int32Array needs its offset aligned to 4: a pooled buffer's may not be.
	const aligned = data.byteOffset % 4 === 0 ? data : Uint8Array.from(data);
	const words = new Int32Array(aligned.buffer, aligned.byteOffset, aligned.length >> 2);
	let hash = 0x81_1C_9D_C5 ^ data.length;
	for (const word of words) {
		hash = Math.imul(hash ^ word, 0x01_00_01_93);
	}

	for (let index = words.length * 4; index < data.length; index++) {
		hash = Math.imul(hash ^ data[index]!, 0x01_00_01_93);
	}

	return hash >>> 0;
}

/** `data` framed to be written. */
export function sealed(data: Uint8Array): Buffer {
	const header = Buffer.alloc(headerBytes);
	magic.copy(header);
	header.writeUInt32LE(data.length, magic.length);
	header.writeUInt32LE(checksum(data), magic.length + 4);
	return Buffer.concat([header, data]);
}

/** The data of a frame read back, or undefined when it is not whole and intact. */
export function unsealed(bytes: Buffer): Buffer | undefined {
	if (bytes.length < headerBytes || !bytes.subarray(0, magic.length).equals(magic)) {
		return undefined;
	}

	const data = bytes.subarray(headerBytes);
	return data.length === bytes.readUInt32LE(magic.length) && checksum(data) === bytes.readUInt32LE(magic.length + 4) ? data : undefined;
}
