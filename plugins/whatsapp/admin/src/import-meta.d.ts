// Vite's `import.meta.glob`, declared here rather than via `vite/client` so the plugin's
// declaration build (which does not see vite's ambient types) accepts it too.
interface ImportMeta {
  glob<T = unknown>(pattern: string): Record<string, () => Promise<T>>;
}
