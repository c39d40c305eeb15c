# Node images for engines with registry access; docker-compose.yml builds one per APP.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY common common
COPY lab lab
COPY router-sim router-sim
COPY node-agent node-agent
COPY scripts scripts
RUN bash scripts/build && npm prune --omit=dev

FROM node:20-bookworm-slim
# router-sim's nftables forwarding plane: `nft` programs it, `tcpdump` reads its NFLOG upcalls.
RUN apt-get update && apt-get install -y --no-install-recommends nftables tcpdump && rm -rf /var/lib/apt/lists/*
ARG APP
ENV APP=${APP}
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
CMD ["sh", "-c", "exec node --enable-source-maps dist/${APP}/main.js"]
