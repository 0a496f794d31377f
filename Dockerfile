# chainrule, the HTTP service, in a container:
#   docker build -t chainrule . && docker run -p 3000:3000 chainrule
#
# `npm run test:docker` builds and checks this image when a Docker daemon answers
# (scripts/docker-image.mjs); without one (CI), scripts/dockerfile-smoke.mjs replays its build and
# start steps on the host, on a clean clone: keep to the instructions it can replay (FROM node:<major>…
# AS, WORKDIR, COPY [--from], RUN, ENV, USER, EXPOSE, HEALTHCHECK, CMD in exec form), or teach it more.
# The context is limited by .dockerignore to what is copied below.

# ---- build: install everything (TypeScript is a dev dependency) and compile src/ to dist/ ----------
FROM node:24-bookworm-slim AS build
WORKDIR /app
# The package files first: the npm ci layer is reused until the dependencies change.
COPY package*.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
# The typed client's types are generated from the contract by npm run build (openapi-typescript).
COPY openapi.yaml ./
COPY src ./src
# The instructors' page (src/page) is bundled into dist/page by this script, part of npm run build.
COPY scripts/build-page.mjs ./scripts/
RUN npm run build

# ---- dependencies: the production ones only, installed apart so that no npm cache reaches the image --
FROM node:24-bookworm-slim AS dependencies
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# ---- runtime: production dependencies, the compiled service and page, its contract, the CLI ------
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY package*.json ./
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The service serves openapi.yaml (GET /openapi.yaml, /docs) from the package root.
COPY openapi.yaml ./
# `docker run --rm -i chainrule node bin/chainrule.js grade - < answers.csv` grades a class.
COPY bin ./bin
# Files stay root-owned and read-only to the service, which writes nothing.
USER node
EXPOSE 3000
# Slim images have no curl: Node's own fetch. 127.0.0.1, not localhost (which may resolve to ::1).
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and gets SIGTERM from `docker stop`; the service then drains and exits 0.
CMD ["node", "dist/server.js"]
