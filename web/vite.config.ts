// The console is built into ../build/web; `beacon serve --web build/web` serves it, so the page
// and the API share one origin and nothing is fetched from anywhere else.
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  build: {
    outDir: "../build/web",
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
});
