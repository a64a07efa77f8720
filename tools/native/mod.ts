/** The hnswlib-node addon built for this CPU: choice of flags, rebuild, check, record. */
export { addonFiles, describeVectorSearchBuild, readBuildRecord } from "./build-record.ts";
export type { AddonFiles, BuildRecord } from "./build-record.ts";
export { installVectorSearchBuild } from "./install.ts";
export { BUILD_ENV, chooseTarget } from "./targets.ts";
export type { BuildTarget, Machine } from "./targets.ts";
