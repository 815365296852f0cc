// node-forge's DES alone: the package's types describe its index; these are its DES modules.
declare module "node-forge/lib/forge.js" {
  const forge: typeof import("node-forge");
  export default forge;
}
declare module "node-forge/lib/des.js";
