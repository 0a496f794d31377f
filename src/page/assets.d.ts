/** Files the page's build (esbuild's file loader) turns into the URL they are served at. */
declare module '*.csv' {
  const url: string;
  export default url;
}
