"""Word vectors learnt by us from the license texts of licensedcode-data, and clause vectors made from them.

No outside model: positive PMI of word co-occurrence over every reference text,
reduced by a randomized SVD (:mod:`.learn`, training time only). A clause's
vector is the IDF-weighted mean of its words' vectors (:mod:`.features`, NumPy
only, used by the shipped scorer); :mod:`.transformer` wraps both as a
scikit-learn transformer for training pipelines.
"""
