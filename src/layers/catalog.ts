/** The built-in layer classes (all but the recurrent/attention family), one per file. */
import { Activation } from "./activations/activation.js";
import { Dense } from "./core/dense.js";
import { Identity } from "./core/identity.js";
import { Input, InputLayer } from "./core/inputLayer.js";
import { Lambda } from "./core/lambda.js";
import { Dropout } from "./regularization/dropout.js";
import { Flatten } from "./reshaping/flatten.js";
import { Permute } from "./reshaping/permute.js";
import { RepeatVector } from "./reshaping/repeatVector.js";
import { Reshape } from "./reshaping/reshape.js";
import { ActivityRegularization } from "./regularization/activityRegularization.js";
import { Add } from "./merging/add.js";
import { Average } from "./merging/average.js";
import { AveragePooling1D } from "./pooling/averagePooling1d.js";
import { AveragePooling2D } from "./pooling/averagePooling2d.js";
import { AveragePooling3D } from "./pooling/averagePooling3d.js";
import { BatchNormalization } from "./normalization/batchNormalization.js";
import { CenterCrop } from "./preprocessing/centerCrop.js";
import { Concatenate } from "./merging/concatenate.js";
import { Conv1D } from "./convolutional/conv1d.js";
import { Conv1DTranspose } from "./convolutional/conv1dTranspose.js";
import { Conv2D } from "./convolutional/conv2d.js";
import { Conv2DTranspose } from "./convolutional/conv2dTranspose.js";
import { Conv3D } from "./convolutional/conv3d.js";
import { Conv3DTranspose } from "./convolutional/conv3dTranspose.js";
import { Cropping1D } from "./reshaping/cropping1d.js";
import { Cropping2D } from "./reshaping/cropping2d.js";
import { Cropping3D } from "./reshaping/cropping3d.js";
import { DepthwiseConv1D } from "./convolutional/depthwiseConv1d.js";
import { DepthwiseConv2D } from "./convolutional/depthwiseConv2d.js";
import { Dot } from "./merging/dot.js";
import { ELU } from "./activations/elu.js";
import { GaussianDropout } from "./regularization/gaussianDropout.js";
import { GaussianNoise } from "./regularization/gaussianNoise.js";
import { GlobalAveragePooling1D } from "./pooling/globalAveragePooling1d.js";
import { GlobalAveragePooling2D } from "./pooling/globalAveragePooling2d.js";
import { GlobalAveragePooling3D } from "./pooling/globalAveragePooling3d.js";
import { GlobalMaxPooling1D } from "./pooling/globalMaxPooling1d.js";
import { GlobalMaxPooling2D } from "./pooling/globalMaxPooling2d.js";
import { GlobalMaxPooling3D } from "./pooling/globalMaxPooling3d.js";
import { GroupNormalization } from "./normalization/groupNormalization.js";
import { LayerNormalization } from "./normalization/layerNormalization.js";
import { LeakyReLU } from "./activations/leakyRelu.js";
import { MaxPooling1D } from "./pooling/maxPooling1d.js";
import { MaxPooling2D } from "./pooling/maxPooling2d.js";
import { MaxPooling3D } from "./pooling/maxPooling3d.js";
import { Maximum } from "./merging/maximum.js";
import { Minimum } from "./merging/minimum.js";
import { Multiply } from "./merging/multiply.js";
import { Normalization } from "./preprocessing/normalization.js";
import { PReLU } from "./activations/prelu.js";
import { ReLU } from "./activations/relu.js";
import { Rescaling } from "./preprocessing/rescaling.js";
import { Resizing } from "./preprocessing/resizing.js";
import { SeparableConv1D } from "./convolutional/separableConv1d.js";
import { SeparableConv2D } from "./convolutional/separableConv2d.js";
import { Softmax } from "./activations/softmax.js";
import { SpatialDropout1D } from "./regularization/spatialDropout1d.js";
import { SpatialDropout2D } from "./regularization/spatialDropout2d.js";
import { SpatialDropout3D } from "./regularization/spatialDropout3d.js";
import { Subtract } from "./merging/subtract.js";
import { UnitNormalization } from "./normalization/unitNormalization.js";
import { UpSampling1D } from "./reshaping/upSampling1d.js";
import { UpSampling2D } from "./reshaping/upSampling2d.js";
import { UpSampling3D } from "./reshaping/upSampling3d.js";
import { ZeroPadding1D } from "./reshaping/zeroPadding1d.js";
import { ZeroPadding2D } from "./reshaping/zeroPadding2d.js";
import { ZeroPadding3D } from "./reshaping/zeroPadding3d.js";

export {
  Activation,
  ActivityRegularization,
  Add,
  Average,
  AveragePooling1D,
  AveragePooling2D,
  AveragePooling3D,
  BatchNormalization,
  CenterCrop,
  Concatenate,
  Conv1D,
  Conv1DTranspose,
  Conv2D,
  Conv2DTranspose,
  Conv3D,
  Conv3DTranspose,
  Cropping1D,
  Cropping2D,
  Cropping3D,
  Dense,
  DepthwiseConv1D,
  DepthwiseConv2D,
  Dot,
  Dropout,
  ELU,
  Flatten,
  GaussianDropout,
  GaussianNoise,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalAveragePooling3D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  GlobalMaxPooling3D,
  GroupNormalization,
  Identity,
  Input,
  InputLayer,
  Lambda,
  LayerNormalization,
  LeakyReLU,
  MaxPooling1D,
  MaxPooling2D,
  MaxPooling3D,
  Maximum,
  Minimum,
  Multiply,
  Normalization,
  PReLU,
  Permute,
  ReLU,
  RepeatVector,
  Rescaling,
  Reshape,
  Resizing,
  SeparableConv1D,
  SeparableConv2D,
  Softmax,
  SpatialDropout1D,
  SpatialDropout2D,
  SpatialDropout3D,
  Subtract,
  UnitNormalization,
  UpSampling1D,
  UpSampling2D,
  UpSampling3D,
  ZeroPadding1D,
  ZeroPadding2D,
  ZeroPadding3D,
};
