"""Turn the Metropolis annual report 2020 (French edition) into checked, tidy data.

Source: Metropolis (World Association of the Major Metropolises),
*Rapport annuel 2020*, French edition, 2021.
"""

SOURCE_CITATION = (
    "Metropolis – World Association of the Major Metropolises, "
    "« Metropolis rapport annuel 2020 » (annual report 2020, French edition)"
)
