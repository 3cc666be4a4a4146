// Fixture messages are read as text through Vite's `?raw` suffix, which works inside the workers pool.
declare module '*.eml?raw' {
  const raw: string
  export default raw
}
