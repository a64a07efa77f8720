/** The hnswlib-node addon built for this CPU: choice of flags, rebuild, check, record. */
export { describeVectorSearchBuild } from "./build-record.ts";
export { chooseTarget } from "./targets.ts";
