import { benchDiagnosis } from "./diagnosis.js";
benchDiagnosis();
