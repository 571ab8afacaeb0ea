/** Stylesheets are bundled by Vite; importing one has only side effects. */
declare module '*.css'
