/**
 * Kaggle's wire protocol on top of the platform's own services, so that the official {@code kaggle} client works
 * unchanged: {@code POST /api/v1/<package>.<Service>/<Method>} with camelCase JSON, enums by name and errors shaped
 * {@code {"code", "message"}}. Every rule stays in the feature that owns it; this package only translates.
 */
package org.kernelforge.kaggle;
