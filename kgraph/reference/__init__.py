"""Compiled reference gazetteers (people, bodies, laws) and the code that matches and links names to them.

Kept import-light on purpose: each submodule loads its data lazily on first lookup, so importing the
package costs nothing until a lookup needs it.
"""
