import "./helpers/allclose.js";
import "../src/index.js";
