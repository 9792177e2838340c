"""Indonesian word lists shared by the stages: months and weekdays, offices and roles, titles and degrees.

Plain data and small predicates over it, importing nothing of Telusur's: ingest, entity recognition and linking
read them alike.
"""
