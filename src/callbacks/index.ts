/** keras.callbacks */
export { Callback, type CallbackModel, type Logs, type HookResult } from "./callback.js";
export { CallbackList, type CallbackListOptions } from "./callbackList.js";
export { History } from "./history.js";
export { Progbar, type ProgbarOptions } from "./progbar.js";
export { ProgbarLogger, type ProgbarLoggerOptions } from "./progbarLogger.js";
export { EarlyStopping, type EarlyStoppingOptions } from "./earlyStopping.js";
export { ModelCheckpoint, type ModelCheckpointOptions } from "./modelCheckpoint.js";
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from "./reduceLROnPlateau.js";
export { LearningRateScheduler } from "./learningRateScheduler.js";
export { CSVLogger } from "./csvLogger.js";
export { TerminateOnNaN } from "./terminateOnNaN.js";
export { LambdaCallback, type LambdaCallbackOptions } from "./lambdaCallback.js";
