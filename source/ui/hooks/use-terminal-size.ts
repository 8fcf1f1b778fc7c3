import {useStdout} from 'ink';
import {useEffect, useState} from 'react';
import type {TerminalSize} from '../../state/screen.js';

/** Used when the output is not a terminal (or does not say). */
export const fallbackSize: TerminalSize = {columns: 80, rows: 24};

function read(stdout: NodeJS.WriteStream): TerminalSize {
	return {
		columns: stdout.columns > 0 ? stdout.columns : fallbackSize.columns,
		rows: stdout.rows > 0 ? stdout.rows : fallbackSize.rows,
	};
}

/** The terminal's columns and rows, updated on 'resize'. */
export default function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => read(stdout));
	useEffect(() => {
		const onResize = () => {
			const next = read(stdout);
			setSize(previous => (previous.columns === next.columns && previous.rows === next.rows ? previous : next));
		};

		stdout.on('resize', onResize);
		onResize();
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
