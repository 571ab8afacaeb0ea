/** Fixtures are imported as text with Vite's `?raw` suffix (tests only). */
declare module '*.txt?raw' {
  const text: string
  export default text
}
