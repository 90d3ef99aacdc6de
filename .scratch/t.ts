import { runEngram } from "../test/helpers.js";
console.log(typeof runEngram);
