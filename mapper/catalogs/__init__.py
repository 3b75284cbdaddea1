"""Catalogs read from geodata/: weapon systems and the phrases that name groups of them."""

from mapper.catalogs.weapons import (
    WeaponCatalog,
    WeaponClass,
    WeaponSystem,
    load_weapon_catalog,
    weapon_catalog,
)

__all__ = ["WeaponCatalog", "WeaponClass", "WeaponSystem", "load_weapon_catalog",
           "weapon_catalog"]
