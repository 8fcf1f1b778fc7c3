import {Box, Text} from 'ink';
import React from 'react';
import type {GalleryCell, GalleryPicture, GalleryScreen} from '../../view/gallery.js';
import {cellGap} from '../../view/gallery.js';
import type {PictureModule} from '../hooks/use-gallery.js';
import type {Preview} from '../live/picture-preview.js';

type Props = {
	readonly screen: GalleryScreen;
	/** ink-picture, once loaded; until then the pictures' places say so. */
	readonly pictures: PictureModule | undefined;
	readonly previews: ReadonlyMap<string, Preview>;
	/** A run is in flight: pictures come after it. */
	readonly busy: boolean;
	/** Draw pictures in ASCII (the locale is not UTF-8). */
	readonly ascii: boolean;
	readonly width: number;
};

type PictureProps = Pick<Props, 'pictures' | 'previews' | 'busy' | 'ascii'> & {
	readonly picture: GalleryPicture;
	readonly width: number;
	readonly height: number;
};

function Picture({picture, pictures, previews, busy, ascii, width, height}: PictureProps) {
	const preview = previews.get(picture.key);
	let content: React.ReactNode;
	if (preview && 'data' in preview && pictures) {
		const Image = pictures.default;
		content = <Image src={preview.data} width={width} height={height} objectFit="contain" alt={picture.alt} {...(ascii ? {protocol: 'ascii' as const} : {})}/>;
	} else {
		const note = preview && 'error' in preview ? preview.error : (busy ? 'after the run' : 'loading');
		content = <Text dimColor wrap="wrap">{note}</Text>;
	}

	return <Box width={width} height={height} overflow="hidden">{content}</Box>;
}

function Cell({cell, screen, ...rest}: Omit<Props, 'width'> & {readonly cell: GalleryCell}) {
	return (
		<Box flexDirection="column" width={screen.cellWidth}>
			<Box flexDirection="row" columnGap={1} height={screen.pictureHeight} overflow="hidden">
				{cell.text.length > 0
					? <Text color={cell.failed ? 'red' : undefined} dimColor={!cell.failed}>{cell.text.join('\n')}</Text>
					: cell.pictures.map(picture => <Picture key={picture.key} picture={picture} width={screen.pictureWidth} height={screen.pictureHeight} {...rest}/>)}
			</Box>
			{cell.caption.map((line, at) => (
				// The two lines have no identity but their place.
				<Box key={at} height={1} overflow="hidden"><Text wrap="truncate-end" color={cell.failed ? 'red' : undefined} dimColor={at > 0}>{line === '' ? ' ' : line}</Text></Box>
			))}
		</Box>
	);
}

/** The g key's gallery: per strategy its images as pictures, a caption under each, in place of the panels. */
function GalleryView({screen, width, ...rest}: Props) {
	return (
		<Box flexDirection="column" width={width}>
			<Box height={1} overflow="hidden"><Text bold wrap="truncate-end">{screen.heading}</Text></Box>
			{screen.sections.map(section => (
				<Box key={section.title} flexDirection="column">
					<Box height={1} overflow="hidden"><Text color="cyan" wrap="truncate-end">{section.title}</Text></Box>
					{section.rows.map(row => (
						<Box key={row[0]!.index} flexDirection="row" columnGap={cellGap}>
							{row.map(cell => <Cell key={cell.index} cell={cell} screen={screen} {...rest}/>)}
						</Box>
					))}
				</Box>
			))}
		</Box>
	);
}

export default GalleryView;
