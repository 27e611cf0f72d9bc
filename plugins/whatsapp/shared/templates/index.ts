/** Templates: authoring types, lint, Meta conversion and rendering, shared by server and admin. */
export * from './types';
export * from './variables';
export * from './normalize';
export * from './lint';
export * from './convert';
export * from './render';
export * from './edit-limits';
