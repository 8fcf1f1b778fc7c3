/**
 * What a failed file operation means, in words, from its errno code: the one table behind every
 * message about a file or folder the user named (--out, --urls, --cacert, --baseline, --export-*) and
 * about a file a run writes (engine/file-io.ts fileSystemReason).
 * Callers override a code whose meaning depends on the operation (ENOENT: "no such file" for a read,
 * "the file system refuses to create it" for a mkdir under /proc).
 */
const words: Readonly<Record<string, string>> = {
	ENOENT: 'no such file or folder',
	EISDIR: 'is a folder',
	ENOTDIR: 'a part of the path is a file, not a folder',
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	EROFS: 'read-only file system',
	ENOSPC: 'no space left on the device',
	EDQUOT: 'disk quota exceeded',
	EFBIG: 'file too large',
	EEXIST: 'a file is in the way',
	ELOOP: 'too many symbolic links',
	ENAMETOOLONG: 'name too long',
	EIO: 'input/output error',
	ENXIO: 'no such device (a pipe with no reader?)',
	EBUSY: 'the file is busy',
	ETXTBSY: 'the file is busy',
	EMFILE: 'too many open files',
	ENFILE: 'too many open files in the system',
};

/** The error's errno code in words; its code or message when the table has none. */
export function fileErrorWords(error: unknown, overrides: Readonly<Record<string, string>> = {}): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code !== undefined) {
		return overrides[code] ?? words[code] ?? code;
	}

	return error instanceof Error ? error.message : String(error);
}
