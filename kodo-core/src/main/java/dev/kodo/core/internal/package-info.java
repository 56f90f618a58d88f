/**
 * Implementation details of kodo-core. Not API: anything here may change in any release. Framework adapters
 * in this repository use it; your code should not.
 */
package dev.kodo.core.internal;
