/** Curves read off a class-probability map: sub-pixel rows per column, gaps filled, coverage kept. */
package io.veernet.data.curves;
