/**
 * Black-box tests: the built distribution run through {@code ./ferry} as real OS processes, on real
 * folders, against real PostgreSQL (the machine's server or the embedded default). Run by failsafe
 * after {@code package}.
 */
package dev.ferry.manager.it;
