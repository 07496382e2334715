/** General helpers for named tensors: stable parameter names, layout checks, in-place copies, no-grad scopes. */
package io.veernet.model.tensor;
