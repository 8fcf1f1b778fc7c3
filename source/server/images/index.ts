// Image generation for the embedded server: seeded scenes painted as JPEG and PNG, pooled per seed, sized to the byte on request.
export {imagePool, paintedImages, poolImage, poolSize, type ImagePool, type PoolImage} from './pool.js';
export {imageAtSize, imageAtWidth} from './on-request.js';
export {maxWidth, minWidth} from './limits.js';
export {canPadTo, padImage, type ImageFormat} from './padding.js';
